// A docker-registry on loopback (plain HTTP, which barnacle allows for 127.0.0.1) holding one image pushed
// with skopeo, for the benchmark's registry case. Needs Debian's docker-registry and skopeo.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const listening = (port) =>
  new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/**
 * Starts the registry and pushes the OCI layout `ociDir` as `<host>/bench/<name>:1`.
 * @returns {Promise<{ host: string, ref: string, stop: () => Promise<void> }>}
 */
export async function startBenchRegistry(ociDir, name) {
  const dir = mkdtempSync(join(tmpdir(), 'barnacle-bench-registry-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: ${join(dir, 'data')}}}\nhttp: {addr: 127.0.0.1:${port}}\n`,
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error('docker-registry did not start (apt-get install docker-registry)');
    }
    await sleep(50);
  }
  const host = `127.0.0.1:${port}`;
  const ref = `${host}/bench/${name}:1`;
  execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${ociDir}`, `docker://${ref}`]);
  return { host, ref, stop };
}
