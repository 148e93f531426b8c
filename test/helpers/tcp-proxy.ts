// A TCP proxy a test starts in front of a shared server (Redis, PostgreSQL), to take the server
// away mid-run without touching it: `stop()` closes every connection and refuses new ones (the
// server stopped), `hang()` keeps the connections but lets nothing through (a network that stopped
// answering: what was sent is delivered once `resume()` is called, as TCP would), `resume()`
// brings it back on the same port.
import { createServer, connect, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  up: Socket;
  held: [Socket, Buffer][];
}

export class TcpProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  private hung = false;
  port = 0;

  private constructor(
    private readonly host: string,
    private readonly target: number,
  ) {}

  /** A proxy on a free port of 127.0.0.1 to host:port. */
  static async start(host: string, port: number): Promise<TcpProxy> {
    const p = new TcpProxy(host, port);
    await p.listen(0);
    return p;
  }

  /** The URL with its host and port replaced by the proxy's. */
  static via(url: string, proxy: TcpProxy): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    return u.toString();
  }

  private listen(port: number): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    const up = connect(this.target, this.host);
    const pair: Pair = { client, up, held: [] };
    this.pairs.add(pair);
    // each direction's bytes, held while the proxy hangs and written in order when it resumes
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (this.hung) pair.held.push([to, chunk]);
      else to.write(chunk);
    };
    client.on('data', forward(up));
    up.on('data', forward(client));
    const end = () => {
      client.destroy();
      up.destroy();
      this.pairs.delete(pair);
    };
    for (const s of [client, up]) {
      s.on('error', end);
      s.on('close', end);
    }
  }

  /** The server taken away: every connection closed, new ones refused. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const p of this.pairs) {
      p.client.destroy();
      p.up.destroy();
    }
    this.pairs.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  /** Nothing passes: connections stay open (new ones too), bytes wait, in both directions. */
  hang(): void {
    this.hung = true;
  }

  /** Back: on the same port after stop(); what waited is delivered after hang(). */
  async resume(): Promise<void> {
    if (!this.server) await this.listen(this.port);
    this.hung = false;
    for (const p of this.pairs) for (const [to, chunk] of p.held.splice(0)) to.write(chunk);
  }

  async close(): Promise<void> {
    await this.stop();
  }
}
