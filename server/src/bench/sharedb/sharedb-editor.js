// One simulated ShareDB editor for bench.js (`--protocol sharedb`, the default): ShareDB's own
// client (a `Connection` and one `Doc` of the text type ot-text) over `ws`. ShareDB's `Doc`
// keeps at most one op in flight and composes later submits into the last pending op, sent on
// the ack, as Quire's client does.
'use strict';

const { performance } = require('perf_hooks');
const ShareDB = require('sharedb/lib/client');
const WebSocket = require('ws');
const otText = require('ot-text');
const { Editor } = require('./editor');

ShareDB.types.register(otText.type);

const COLLECTION = 'docs';

class ShareDBEditor extends Editor {
  /** Opens the socket, subscribes (creating the document, empty, if it is new); resolves when joined. */
  connect(url) {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(url);
      this.connection = new ShareDB.Connection(this.socket);
      this.connection.on('error', (e) => this.error(`connection: ${e.code || e.message}`));
      // the send time: just before the frame goes to the socket
      this.connection.on('send', (m) => {
        if (m.a === 'op' && m.op !== undefined) this.sentAt = performance.now();
      });
      // the receipt time: after JSON.parse of the frame, before the client handles it
      this.connection.on('receive', (request) => this.onReceive(request.data, performance.now()));
      this.doc = this.connection.get(COLLECTION, this.docId);
      this.doc.on('error', (e) => this.error(`doc: ${e.code || e.message}`));
      this.doc.subscribe((err) => {
        if (err) return reject(err);
        if (this.doc.type) return resolve();
        this.doc.create('', otText.type.uri, (e) => (e ? reject(e) : resolve()));
      });
    });
  }

  onReceive(m, now) {
    if (!m || m.a !== 'op' || m.d !== this.docId) return;
    if (m.error) {
      this.error(`op: ${m.error.code || m.error.message}`);
    } else if (m.op !== undefined) {
      // ShareDB's server sends a submitter the ops it missed before the ack, and its subscription
      // sends them again; the client applies the one at its version and drops the older copy
      if (m.v === this.doc.version) {
        this.receiptVersion.add(m.v); this.receiptAt.add(now);
      } else if (m.v < this.doc.version) {
        this.duplicates++;
      } else {
        // an op past the next version (seen with sharedb-postgres: two commits of one document
        // published out of version order): ShareDB's client fetches the document instead, so the
        // receipts of the ops it skips are not counted
        this.gaps++;
      }
    } else if (m.create === undefined && this.sentAt >= 0) {
      // the reply to this connection's submit: the ack of the op in flight, committed at version v
      this.ackVersion.add(m.v); this.ackSent.add(this.sentAt); this.ackAt.add(now);
      this.sentAt = -1;
    }
  }

  submit(at, del, ins) {
    const op = [];
    if (at > 0) op.push(at);
    if (ins !== '') op.push(ins);
    if (del > 0) op.push({ d: del });
    this.doc.submitOp(op, (err) => {
      if (err) return this.error(`submit: ${err.code || err.message}`);
      // the callback runs on the ack, after the op in flight is cleared: nothing else is pending
      // in a closed loop, where each edit waits for the previous ack
      if (this.closedLoop && this.typing && !this.doc.hasWritePending()) this.edit();
    });
  }

  text() { return this.doc.data; }

  version() { return this.doc.version; }

  pending() { return this.doc.hasWritePending(); }

  close() { this.closed = true; this.socket.close(); }
}

/** The server's text and version of each document, fetched on a fresh connection. */
async function fetchDocs(url, docIds) {
  const socket = new WebSocket(url);
  const connection = new ShareDB.Connection(socket);
  const docs = new Map();
  for (const id of docIds) {
    const d = connection.get(COLLECTION, id);
    await new Promise((resolve, reject) => d.fetch((err) => (err ? reject(err) : resolve())));
    docs.set(id, { version: d.version, data: d.data });
  }
  socket.close();
  return docs;
}

const describe = () => ({ server: 'sharedb', version: require('sharedb/package.json').version, type: otText.type.uri });

module.exports = { ShareDBEditor, fetchDocs, describe };
