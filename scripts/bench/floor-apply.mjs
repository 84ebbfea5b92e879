// The floor for eks-deploy's 200-object rows: the least a Node process can do for the same apply. It loads
// node:https, reads the kubeconfig and the manifests with the YAML parser the step uses, and sends one server-side
// apply PATCH per object, the namespaces first, at most 8 at once (as the step does), printing one line each. No
// discovery (the paths are those of the core v1 kinds the benchmark applies), no diff, no retries, no summary: the
// step's time over this one's is its overhead, and this one's over kubectl's is what Node and the parser cost.
//
// node scripts/bench/floor-apply.mjs <manifests.yaml>, with KUBECONFIG set (the fake's: server, CA file, token).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse, parseAllDocuments } from 'yaml';

const CONCURRENCY = 8;
const RESOURCES = { Namespace: 'namespaces', Service: 'services', Secret: 'secrets', ConfigMap: 'configmaps' };

const config = parse(readFileSync(process.env.KUBECONFIG, 'utf8'));
const { server, 'certificate-authority': caFile } = config.clusters[0].cluster;
const { token } = config.users[0].user;
const agent = new Agent({ keepAlive: true, ca: readFileSync(caFile, 'utf8') });
const objects = parseAllDocuments(readFileSync(process.argv[2], 'utf8')).map((document) => document.toJS());

function path({ kind, metadata: { name, namespace } }) {
  const resource = RESOURCES[kind];
  if (!resource) throw new Error(`floor-apply: no path for ${kind}`);
  return `/api/v1/${namespace ? `namespaces/${namespace}/` : ''}${resource}/${name}?fieldManager=floor`;
}

function apply(object) {
  const body = JSON.stringify(object);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path(object), server), {
      method: 'PATCH',
      agent,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/apply-patch+yaml',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode < 300 ? resolve(res.statusCode) : reject(new Error(`${object.kind}: HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function applyAll(wave) {
  let next = 0;
  const worker = async () => {
    while (next < wave.length) {
      const object = wave[next++];
      const status = await apply(object);
      process.stdout.write(`${object.kind}/${object.metadata.name} ${status === 201 ? 'created' : 'applied'}\n`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

await applyAll(objects.filter((o) => o.kind === 'Namespace'));
await applyAll(objects.filter((o) => o.kind !== 'Namespace'));
agent.destroy();
