// Loaded with `node --require` before kinesis-local. Every server it opens listens on loopback
// only. kinesis-local (kinesis-mock) binds 0.0.0.0 and has no setting for the host, so without
// this anyone on the same network could read and write the local stream.
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args.length > 0 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0])
      && args[0].path === undefined && args[0].fd === undefined && args[0]._handle === undefined) {
    args[0] = Object.assign({}, args[0], { host: '127.0.0.1' });
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (typeof args[1] === 'string') {
      args[1] = '127.0.0.1';
    } else {
      args.splice(1, 0, '127.0.0.1');
    }
  }
  return listen.apply(this, args);
};

// No emulator outlives the Tributary that started it: when the JVM that supervises this process is
// gone (killed, even with SIGKILL), this process is handed to another parent, and stops.
// (process.exit as it is now: kinesis-local's runtime replaces it with a graceful stop that waits for
// a parent that is gone)
const parent = process.ppid;
const exit = process.exit.bind(process);
setInterval(() => {
  if (process.ppid !== parent) {
    exit(0);
  }
}, 500).unref();
