// A static file server for a built site, on 127.0.0.1 and a free port, as a
// plain static host would serve it: a folder URL gives its index.html, a
// folder URL without its final slash is redirected to it (so relative links
// resolve as on a real host), paths are percent-decoded (Arabic slugs and
// heading ids), anything outside the folder is refused, and a missing file
// gets the site's 404.html with status 404.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Serves `root` until `close()` is called.
 * @returns {Promise<{origin: string, url: (p: string) => string, close: () => Promise<void>}>}
 */
export async function serve(root) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'text/plain', 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return send(400, 'text/plain', 'bad percent-encoding\n');
    }
    const file = path.join(root, rel);
    if (rel.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
      return send(403, 'text/plain', 'forbidden\n');
    }
    let target = file;
    if (isDir(file)) {
      if (!url.pathname.endsWith('/')) {
        return send(301, 'text/plain', 'moved\n', { location: url.pathname + '/' + url.search });
      }
      target = path.join(file, 'index.html');
    }
    if (isFile(target)) {
      const type = TYPES[path.extname(target).toLowerCase()] || 'application/octet-stream';
      return send(200, type, fs.readFileSync(target));
    }
    const notFound = path.join(root, '404.html');
    if (isFile(notFound)) return send(404, TYPES['.html'], fs.readFileSync(notFound));
    return send(404, 'text/plain', 'not found\n');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p) => new URL(p, origin + '/').href,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
