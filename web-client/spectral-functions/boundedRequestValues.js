// OWASP API4:2023 for what a client sends: in a request body or parameter schema, every string must specify maxLength,
// enum or const (options.kind "string"), every array maxItems (options.kind "array"). A member marked
// x-accepted-and-ignored (a GET body's read-only member in a PUT's schema, so the body PUTs back) is read and dropped by
// the API, bounded only by the body limit (Http:MaxRequestBodyBytes): it and what it holds are not walked.
const SUBSCHEMAS = ['items', 'not', 'additionalProperties'];
const LISTS = ['allOf', 'anyOf', 'oneOf'];

export default function boundedRequestValues(schema, options, context) {
  const results = [];
  const seen = new Set();
  const walk = (node, path) => {
    if (node === null || typeof node !== 'object' || seen.has(node) || node['x-accepted-and-ignored'] === true) {
      return;
    }

    seen.add(node);
    // OpenAPI 3.1 writes a nullable member's type as a list: type: ["null", "string"].
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (options.kind === 'string' && types.includes('string') && !('maxLength' in node || 'enum' in node || 'const' in node)) {
      results.push({ message: `${path.join('.')}: a string a client sends must specify maxLength, enum, or const.`, path });
    }

    if (options.kind === 'array' && types.includes('array') && !('maxItems' in node)) {
      results.push({ message: `${path.join('.')}: an array a client sends must specify maxItems.`, path });
    }

    for (const [name, member] of Object.entries(node.properties ?? {})) {
      walk(member, [...path, 'properties', name]);
    }

    for (const key of SUBSCHEMAS) {
      walk(node[key], [...path, key]);
    }

    for (const key of LISTS) {
      (Array.isArray(node[key]) ? node[key] : []).forEach((member, index) => walk(member, [...path, key, index]));
    }
  };

  walk(schema, [...context.path]);
  return results;
}
