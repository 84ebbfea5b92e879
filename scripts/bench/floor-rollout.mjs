// The floor for eks-deploy's rollout row: the least a Node process can do to deploy one Deployment and wait for it.
// It loads node:https, reads the kubeconfig and the manifests (a Namespace, then a Deployment) with the YAML parser
// the step uses, applies each with one server-side apply PATCH, then watches the Deployment from the resourceVersion
// the PATCH answered until it is rolled out as kubectl judges it (observed generation, every replica updated and
// available, no old one left). No discovery, pod reads, retries, rollback or summary.
//
// node scripts/bench/floor-rollout.mjs <manifests.yaml>, with KUBECONFIG set (the fake's: server, CA file, token).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse, parseAllDocuments } from 'yaml';

const config = parse(readFileSync(process.env.KUBECONFIG, 'utf8'));
const { server, 'certificate-authority': caFile } = config.clusters[0].cluster;
const { token } = config.users[0].user;
const agent = new Agent({ keepAlive: true, ca: readFileSync(caFile, 'utf8') });
const [namespace, deployment] = parseAllDocuments(readFileSync(process.argv[2], 'utf8')).map((d) => d.toJS());
const headers = { Authorization: `Bearer ${token}` };

function send(path, method, body) {
  return request(new URL(path, server), {
    method,
    agent,
    headers: body
      ? { ...headers, 'Content-Type': 'application/apply-patch+yaml', 'Content-Length': Buffer.byteLength(body) }
      : headers,
  });
}

function apply(path, object) {
  const body = JSON.stringify(object);
  return new Promise((resolve, reject) => {
    const req = send(`${path}?fieldManager=floor`, 'PATCH', body);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(text))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rolledOut({ metadata, spec, status = {} }) {
  const updated = status.updatedReplicas ?? 0;
  return (
    (status.observedGeneration ?? 0) >= metadata.generation &&
    updated >= spec.replicas &&
    (status.replicas ?? 0) <= updated &&
    (status.availableReplicas ?? 0) >= updated
  );
}

await apply(`/api/v1/namespaces/${namespace.metadata.name}`, namespace);
const ns = deployment.metadata.namespace;
const name = deployment.metadata.name;
const applied = await apply(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`, deployment);
process.stdout.write(`deployment ${name} applied\n`);
if (!rolledOut(applied)) {
  const query = `watch=1&fieldSelector=metadata.name%3D${name}&resourceVersion=${applied.metadata.resourceVersion}`;
  await new Promise((resolve, reject) => {
    const req = send(`/apis/apps/v1/namespaces/${ns}/deployments?${query}`, 'GET');
    req.on('response', (res) => {
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop();
        if (lines.some((line) => line && rolledOut(JSON.parse(line).object))) {
          req.destroy();
          resolve();
        }
      });
      res.on('end', () => reject(new Error('the watch ended before the rollout did')));
    });
    req.on('error', reject);
    req.end();
  });
}
process.stdout.write(`deployment "${name}" successfully rolled out\n`);
agent.destroy();
