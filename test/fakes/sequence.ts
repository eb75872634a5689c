// One counter shared by every fake in the process, so a test can order calls across them
// ("the status was set before the first model request").
let counter = 0;

/** The next position in the order in which the fakes received their calls. */
export function nextSequence(): number {
  counter += 1;
  return counter;
}
