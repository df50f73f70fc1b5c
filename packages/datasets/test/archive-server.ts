import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { DatasetError } from '../src/index.js';

/** Serves archives by path from memory and counts requests; anything else is a 404, `/broken/*` a 500. */
export class ArchiveServer {
  readonly routes = new Map<string, Uint8Array>();
  requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '/';
      this.requests.push(path);
      const body = this.routes.get(path);
      if (path.startsWith('/broken/')) {
        response.writeHead(500, 'Internal Server Error').end('boom');
      } else if (body === undefined) {
        response.writeHead(404, 'Not Found').end('no such file');
      } else {
        response.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(Buffer.from(body));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** The DatasetError `promise` rejects with (fails the test when it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

