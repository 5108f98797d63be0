#!/usr/bin/env node
// A ShareDB server for the side-by-side benchmark (docs/performance.md, "ShareDB side by side").
//
//   node server.js [--host 127.0.0.1] [--port 0] [--db memory | --db postgres --pg URL]
//
// One process, one ShareDB backend, the text type ot-text (offsets in UTF-16 code units, as
// Quire's), the WebSocket at ws://HOST:PORT/ (ws + @teamwork/websocket-json-stream, as ShareDB's
// README shows). `--db memory` is ShareDB.MemoryDB: no persistence at all. `--db postgres` is
// sharedb-postgres on the URL's database: an op is acknowledged after its transaction commits
// (PostgreSQL's synchronous_commit decides whether that includes a WAL fsync); the caller creates
// the tables (structure.sql of sharedb-postgres). Prints `listening on http://HOST:PORT/` when
// ready, as Quire does, so the same script finds the port.
'use strict';

const http = require('http');
const ShareDB = require('sharedb');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
const otText = require('ot-text');

function options(argv) {
  const o = { host: '127.0.0.1', port: 0, db: 'memory', pg: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${key}: expected a value`);
    if (key === '--host') o.host = value;
    else if (key === '--port') o.port = Number(value);
    else if (key === '--db') o.db = value;
    else if (key === '--pg') o.pg = value;
    else throw new Error(`unknown option ${key}`);
  }
  if (o.db !== 'memory' && o.db !== 'postgres') throw new Error(`--db: expected memory or postgres, found ${o.db}`);
  if (o.db === 'postgres' && !o.pg) throw new Error('--db postgres: expected --pg postgresql://…');
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`--port: expected 0..65535, found ${o.port}`);
  return o;
}

function database(o) {
  if (o.db === 'memory') return new ShareDB.MemoryDB();
  const PostgresDB = require('sharedb-postgres');
  const db = new PostgresDB({ connectionString: o.pg });
  // sharedb-postgres 5.0.1 reads an empty text ('""' in its jsonb column) back as no data at all
  // (`row?.data || undefined`), and the text type cannot apply an op to that: give it ''
  const getSnapshot = db.getSnapshot.bind(db);
  db.getSnapshot = (collection, id, fields, opts, callback) =>
    getSnapshot(collection, id, fields, opts, (err, snapshot) => {
      if (snapshot && snapshot.type && snapshot.data === undefined) snapshot.data = '';
      callback(err, snapshot);
    });
  return db;
}

function main() {
  let o;
  try {
    o = options(process.argv.slice(2));
  } catch (e) {
    console.error(`sharedb server: ${e.message}`);
    process.exit(2);
  }
  ShareDB.types.register(otText.type);
  const backend = new ShareDB({ db: database(o), presence: false });
  const server = http.createServer();
  const wss = new WebSocket.Server({ server });
  wss.on('connection', (ws) => backend.listen(new WebSocketJSONStream(ws)));
  server.listen(o.port, o.host, () => {
    const { address, port } = server.address();
    console.log(`sharedb ${require('sharedb/package.json').version} (${o.db}) listening on http://${address}:${port}/`);
  });
  const stop = () => {
    wss.close();
    server.close();
    backend.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
