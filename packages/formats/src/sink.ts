/**
 * Sinks and streaming helpers: an in-memory sink, a bounded channel, and a
 * fan-out that streams several files at once.
 */
import type { ExportContent, ExportSink } from './adapter.js';

const encoder = new TextEncoder();

/** Turns file content into a stream of byte chunks. */
export async function* contentChunks(content: ExportContent): AsyncGenerator<Uint8Array> {
  if (typeof content === 'string') {
    yield encoder.encode(content);
  } else if (content instanceof Uint8Array) {
    yield content;
  } else {
    for await (const chunk of content) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
  }
}

/** A sink that keeps every file in memory; for tests, previews and small exports. */
export class MemorySink implements ExportSink {
  /** Files by relative path, in the order they were finished. */
  readonly files = new Map<string, Uint8Array>();

  async writeFile(relPath: string, content: ExportContent): Promise<void> {
    const parts: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of contentChunks(content)) {
      parts.push(chunk);
      length += chunk.length;
    }
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    this.files.set(relPath, bytes);
  }

  /** A file's content as text. @throws RangeError when no such file was written. */
  text(relPath: string): string {
    return new TextDecoder().decode(this.bytes(relPath));
  }

  /** A file's bytes. @throws RangeError when no such file was written. */
  bytes(relPath: string): Uint8Array {
    const bytes = this.files.get(relPath);
    if (bytes === undefined) throw new RangeError(`no file '${relPath}' was written (written: ${[...this.files.keys()].join(', ')})`);
    return bytes;
  }
}

/**
 * An async queue from one producer to one consumer, holding at most
 * `highWater` chunks: `push` waits while the queue is full.
 */
export class Channel<T> implements AsyncIterable<T> {
  readonly #queue: T[] = [];
  #closed = false;
  #wakeConsumer: (() => void) | undefined;
  #wakeProducer: (() => void) | undefined;

  constructor(readonly highWater = 16) {}

  /** Adds a value, waiting while the queue is full. @throws RangeError after `close`. */
  async push(value: T): Promise<void> {
    if (this.#closed) throw new RangeError('push on a closed channel');
    while (this.#queue.length >= this.highWater) {
      await new Promise<void>((resolve) => (this.#wakeProducer = resolve));
    }
    this.#queue.push(value);
    this.#wakeConsumer?.();
  }

  /** Ends the stream after the queued values. */
  close(): void {
    this.#closed = true;
    this.#wakeConsumer?.();
  }

  /** Yields the values in the order they were pushed, waiting for more until the channel is closed and empty. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const value = this.#queue.shift();
      if (value !== undefined) {
        this.#wakeProducer?.();
        yield value;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
      this.#wakeConsumer = undefined;
    }
  }
}

/**
 * Streams several files at once: the first `write` to a path starts the
 * sink's `writeFile` for it; `close` ends every file and waits for all.
 */
export class FileFanout {
  readonly #channels = new Map<string, Channel<string | Uint8Array>>();
  readonly #writes: Promise<void>[] = [];

  constructor(readonly sink: ExportSink) {}

  /** Opens a file even if nothing is written to it (an empty split still gets its file). */
  open(relPath: string): Channel<string | Uint8Array> {
    let channel = this.#channels.get(relPath);
    if (channel === undefined) {
      channel = new Channel();
      this.#channels.set(relPath, channel);
      this.#writes.push(this.sink.writeFile(relPath, channel));
    }
    return channel;
  }

  /** Appends a chunk to a file. */
  async write(relPath: string, chunk: string | Uint8Array): Promise<void> {
    await this.open(relPath).push(chunk);
  }

  /** Ends every file and waits until the sink has written them. */
  async close(): Promise<void> {
    for (const c of this.#channels.values()) c.close();
    await Promise.all(this.#writes);
  }
}
