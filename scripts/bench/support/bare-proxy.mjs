// The least a proxy in Node can do (bench:ceiling): pass each request through to one upstream over
// kept-alive connections, no parsing, no session, no storage. Run as its own process, as the
// console is. Usage: node bare-proxy.mjs <port> <upstream origin> [spin ms]; prints "listening"
// when ready. With spin ms, each request first burns that much CPU time on the event loop: a
// stand-in for a console's own work per request (session, checks, storage, framework), to find
// how much of it the machine can afford per mint. CPU time, not wall time: on a busy machine the
// process may wait for a core meanwhile, as a console would.
import http from 'node:http';

const [port, upstream, spin = '0'] = process.argv.slice(2);
const spinMs = Number(spin);
const target = new URL(upstream);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

http
  .createServer((req, res) => {
    const start = process.cpuUsage();
    while (spinMs > 0) {
      const used = process.cpuUsage(start);
      if ((used.user + used.system) / 1000 >= spinMs) break;
    }
    const out = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  })
  .listen(Number(port), '127.0.0.1', () => console.log('listening'));
