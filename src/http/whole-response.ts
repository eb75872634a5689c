// A real Response (instanceof Response; status, headers and the rest are undici's own) whose body was
// read whole off the socket before it was made, for lean-fetch.ts.
//
// Why not `new Response(bytes)`: in Node 20 every Response body is a web ReadableStream, even over a
// Buffer, and making that stream and reading it back (`text()`, `json()`) costs ~90 µs of CPU per
// call on this project's bench box, against ~5 µs for a Response with a null body; a Slack turn
// makes three such Web API calls (bench/RESULTS.md, "Cheaper SDK calls"). So the body methods read
// the bytes directly; a web stream is made only when someone asks for `body`, and reads go through
// it from then on, so they see what the stream's reader did to it, as fetch's would.
//
// What differs from fetch's Response: `bodyUsed` says whether a body method was called (not whether
// someone read `body` with their own reader), and `clone()` copies the bytes without teeing a stream.
const utf8 = new TextDecoder();

type Replaced = 'url' | 'body' | 'bodyUsed' | 'text' | 'json' | 'arrayBuffer' | 'blob' | 'formData' | 'clone';
// Node's types declare these members as properties, which TypeScript will not let a subclass redefine as
// accessors and methods; at run time they are Response.prototype's accessors and methods, as usual.
const ResponseBase: new (body: null, init: ResponseInit) => Omit<Response, Replaced> = Response;

/** A Response over a body that is already in memory. */
export class WholeResponse extends ResponseBase {
  readonly #bytes: Uint8Array;
  readonly #url: string;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null = null;

  constructor(bytes: Uint8Array, init: ResponseInit, url: string) {
    super(null, init);
    this.#bytes = bytes;
    this.#url = url;
  }

  get url(): string {
    return this.#url;
  }

  get body(): ReadableStream<Uint8Array> {
    return (this.#stream ??= new Response(this.#bytes).body!);
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async text(): Promise<string> {
    // TextDecoder drops a leading BOM and replaces invalid sequences, as fetch's text() does.
    return utf8.decode(await this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  // Rare in an API client; fetch's own rules (the Blob's type, multipart parsing) apply to a copy.
  async blob(): Promise<Blob> {
    return new Response(await this.#take(), { headers: this.headers }).blob();
  }

  async formData(): Promise<FormData> {
    return new Response(await this.#take(), { headers: this.headers }).formData();
  }

  clone(): Response {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    const copy = new WholeResponse(this.#bytes, { status: this.status, statusText: this.statusText }, this.#url);
    this.headers.forEach((value, name) => copy.headers.append(name, value));
    return copy;
  }

  /** The body, once: a second read fails as fetch's does. */
  async #take(): Promise<Uint8Array> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    // Once the stream was handed out, it is the body: a locked or read stream fails the read.
    return this.#stream ? new Uint8Array(await new Response(this.#stream).arrayBuffer()) : this.#bytes;
  }
}
