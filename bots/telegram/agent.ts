// Keep-alive connections to the Bot API that tell a stale connection from a lost response. When the
// server closes an idle kept-alive connection just as a request is written on it, the request fails
// with ECONNRESET before the server read it (Node's documentation of request.reusedSocket describes
// this race and says to retry). A server closes a connection for being idle only after it has been
// idle a while (Node 5 s, nginx 75 s), so a reset on a reused connection that had been idle at least
// STALE_IDLE_MS is marked STALE_CONNECTION and the send is retried; any other reset stays ambiguous
// (the message may have arrived) and the send is not repeated.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';

export const STALE_CONNECTION = 'ESTALECONNECTION';
export const STALE_IDLE_MS = 1000;

const FREE_AT = Symbol('free since');
type Tracked = Socket & { [FREE_AT]?: number };

function mark(req: http.ClientRequest): void {
  let idleMs = 0;
  req.once('socket', (s: Tracked) => {
    idleMs = req.reusedSocket && s[FREE_AT] !== undefined ? Date.now() - s[FREE_AT] : 0;
  });
  req.prependListener('error', (err: NodeJS.ErrnoException) => {
    if (req.reusedSocket && err.code === 'ECONNRESET' && idleMs >= STALE_IDLE_MS) err.code = STALE_CONNECTION;
  });
}

interface WithAddRequest {
  addRequest(req: http.ClientRequest, options: unknown): void;
}

class HttpAgent extends http.Agent {}
class HttpsAgent extends https.Agent {}
for (const A of [HttpAgent, HttpsAgent]) {
  const proto = A.prototype as unknown as WithAddRequest;
  const base = proto.addRequest;
  proto.addRequest = function (this: WithAddRequest, req: http.ClientRequest, options: unknown) {
    mark(req);
    return base.call(this, req, options);
  };
}

function track<T extends http.Agent>(agent: T): T {
  agent.on('free', (s: Tracked) => {
    s[FREE_AT] = Date.now();
  });
  return agent;
}

/** grammY's client options for an API root, with the marking keep-alive agent. */
export function fetchConfig(apiRoot: string): { agent: http.Agent; compress?: boolean; duplex: 'half' } {
  return apiRoot.startsWith('http:')
    ? { agent: track(new HttpAgent({ keepAlive: true })), duplex: 'half' }
    : { agent: track(new HttpsAgent({ keepAlive: true })), compress: true, duplex: 'half' };
}
