// The ways a real model stream goes wrong after its 200 headers, played by the fake on demand.
import type { ServerResponse } from 'node:http';
import type { ResolvedReply } from './scripts.js';
import { errorFrame, messageJson, pingFrame, startFrame, textAnswer, trickleFrames, truncatedStreamBody, endFrames, type AnswerIds } from './sse.js';

/** The scripted replies that are faults of a started response. */
export type FaultReply = Extract<
  ResolvedReply,
  { dropMidStream: unknown } | { errorMidStream: unknown } | { stallAfterHeaders: unknown } | { trickle: unknown } | { invalidJson: unknown }
>;

const SSE = 'text/event-stream; charset=utf-8';

/** Writes the fault's response: headers at once, then what the fault does to the body. */
export function writeFault(res: ServerResponse, reply: FaultReply, ids: AnswerIds, stream: boolean, requestId: string): void {
  if ('invalidJson' in reply) {
    res.writeHead(200, { 'content-type': stream ? SSE : 'application/json', 'request-id': requestId });
    // For a stream: a message_start frame whose data is cut, which no JSON parser accepts.
    res.end(stream ? 'event: message_start\ndata: {"type":"message_start","message":{"id":\n\n' : '{"id":"msg_broken","type":"message","content":[');
    return;
  }
  if ('dropMidStream' in reply) {
    res.writeHead(200, { 'content-type': stream ? SSE : 'application/json', 'request-id': requestId });
    const head = stream ? truncatedStreamBody(ids, reply.dropMidStream.text) : messageJson(ids, textAnswer(reply.dropMidStream.text)).slice(0, 40);
    res.write(head, () => res.socket?.destroy());
    return;
  }
  res.writeHead(200, { 'content-type': SSE, 'cache-control': 'no-cache', 'request-id': requestId });
  if ('errorMidStream' in reply) {
    const { text, type = 'overloaded_error', message = 'Overloaded' } = reply.errorMidStream;
    res.end(truncatedStreamBody(ids, text) + errorFrame(type, message));
    return;
  }
  if ('stallAfterHeaders' in reply) {
    // Kept open until the client aborts or the fake closes.
    const text = reply.text ? trickleFrames(0, reply.text).slice(0, -1).join('') : '';
    res.write(startFrame(ids) + pingFrame + text);
    return;
  }
  trickle(res, ids, reply.trickle.text, reply.trickle.everyMs);
}

function trickle(res: ServerResponse, ids: AnswerIds, text: string, everyMs: number): void {
  const frames = trickleFrames(0, text);
  res.write(startFrame(ids) + frames[0]!);
  let next = 1;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (next < frames.length - 1) {
      res.write(pingFrame + frames[next++]!);
      return;
    }
    clearInterval(timer);
    res.end(frames.at(-1)! + endFrames(ids, textAnswer(text)));
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}
