// A TCP relay in front of a real server, to cut the network at an exact moment of a run: when a
// client sends a given byte sequence (a command's field name), every connection drops and new
// ones are refused for a while, as a switch failing or a server rebooting would look.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface Relay {
  /** `host:port` of the relay, to put in a URL in place of the server's. */
  address: string;
  /** Drops every connection the first time a client sends `marker`, and refuses new ones for `ms`. */
  cutOn(marker: Buffer, ms: number): void;
  /** How many cuts happened. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startRelay(host: string, port: number): Promise<Relay> {
  const open = new Set<Socket>();
  let armed: { marker: Buffer; ms: number } | undefined;
  let refusingUntil = 0;
  let cuts = 0;
  const cut = (ms: number) => {
    cuts++;
    refusingUntil = Date.now() + ms;
    for (const s of open) s.destroy();
    open.clear();
  };
  const server: Server = createServer((client) => {
    if (Date.now() < refusingUntil) return void client.destroy();
    const upstream = connect(port, host);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("data", (chunk: Buffer) => {
      // A marker split across two chunks is not seen; commands are small and arrive whole.
      if (armed && chunk.includes(armed.marker)) {
        const { ms } = armed;
        armed = undefined;
        return cut(ms);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: relayPort } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${relayPort}`,
    cutOn(marker, ms) {
      armed = { marker, ms };
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
