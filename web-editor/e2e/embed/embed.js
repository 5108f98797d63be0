import { basicSetup, EditorView } from 'codemirror';
import { DocConnection, randomSessionId } from 'quire-client';
import { CollabBinding, remoteCursors } from 'quire-client/codemirror';

const host = document.querySelector('#quire');
const binding = new CollabBinding();
const view = new EditorView({
  parent: host,
  extensions: [basicSetup, remoteCursors(), binding.extension()],
});
const connection = new DocConnection({
  url: host.dataset.server,
  docId: host.dataset.doc,
  session: randomSessionId(),
  user: { name: host.dataset.name },
  editor: binding,
  listener: { peers: (p) => binding.showPeers(p), presence: (p) => binding.showPeer(p) },
});
binding.attach(view, connection);
connection.start();
