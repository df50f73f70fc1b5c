import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { DatasetError } from '@scall/stream-protocol';

/**
 * Calls `onLine(line, lineNumber)` for every line of a text file, streaming it chunk by
 * chunk (the file is never held whole). Gzip files are recognised by their magic bytes
 * and decompressed on the fly. Handles LF and CRLF endings and a final line without a
 * newline; line numbers are 1-based. Empty lines are passed on too. Return `false` from
 * `onLine` to stop reading early. Errors thrown by `onLine` propagate unchanged.
 *
 * @throws {DatasetError} when the file is missing or unreadable or the gzip data is corrupt.
 */
export async function readLines(path: string, onLine: (line: string, lineNumber: number) => boolean | void): Promise<void> {
  const gzip = await isGzip(path);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNumber = 0;
  let stopped = false;
  let callbackError: unknown;
  const call = (line: string): void => {
    try {
      if (onLine(line, ++lineNumber) === false) stopped = true;
    } catch (error) {
      callbackError = error;
      throw error;
    }
  };
  const emit = (text: string): void => {
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1 && !stopped) {
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      call(text.slice(start, end));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  };
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (error) => source.destroy(error));
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      emit(rest + decoder.write(chunk));
      if (stopped) return;
    }
    const tail = rest + decoder.end();
    if (tail.length > 0) call(tail.endsWith('\r') ? tail.slice(0, -1) : tail);
  } catch (error) {
    if (error === callbackError || error instanceof DatasetError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DatasetError(gzip ? `cannot decompress gzip data (${message})` : `cannot read file (${message})`, { file: path }, { cause: error });
  } finally {
    file.destroy();
  }
}

async function isGzip(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : `cannot open file (${(error as Error).message})`;
    throw new DatasetError(problem, { file: path }, { cause: error });
  }
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch (error) {
    throw new DatasetError(`cannot read file (${(error as Error).message})`, { file: path }, { cause: error });
  } finally {
    await handle.close();
  }
}
