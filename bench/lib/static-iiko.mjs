/**
 * A static iikoServer for read benchmarks, run in its own process: it answers the login and logout with
 * constants and the incoming-invoice export with bytes captured once from the fake iikoServer and held in
 * memory, so serving costs next to nothing and no XML is built while a reader is measured.
 *
 * argv: file (the captured export). Prints `{ url }` as one JSON line when listening; stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file] = process.argv.slice(2);
const body = readFileSync(file);
const token = '3c5a7d35-7a1e-4f4b-b2a5-1d0f9c3e6a11';

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/resto/api/auth') return void response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
  if (path === '/resto/api/logout') return void response.writeHead(200).end();
  if (path === '/resto/get_server_info.jsp') {
    return void response.writeHead(200, { 'content-type': 'application/xml' }).end('<r><version>9.1.0</version></r>');
  }
  if (path === '/resto/api/documents/export/incomingInvoice') {
    return void response.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length }).end(body);
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}`, bytes: body.length }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
