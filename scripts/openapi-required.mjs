// The paths an Intacct REST OpenAPI `…RequiredProperties` schema requires (lorenz-bus-service/node-intacct-rest-api
// spec/<application>.json), shared by the scripts that read saved schema subsets (scripts/openapi-subsets/).

/**
 * The paths a `…RequiredProperties` schema requires: `required` at each level, under the `properties` it nests
 * (`vendor: {required: [id]}` → vendor.id), and for `oneOf` the paths every alternative requires.
 */
export function requiredPaths(schema, prefix = '') {
  const out = new Set();
  if (!schema) return out;
  for (const name of schema.required ?? []) out.add(prefix ? `${prefix}.${name}` : name);
  for (const [name, sub] of Object.entries(schema.properties ?? {}))
    if (sub.type !== 'array') for (const p of requiredPaths(sub, prefix ? `${prefix}.${name}` : name)) out.add(p);
  if (Array.isArray(schema.oneOf)) {
    const sets = schema.oneOf.map((alt) => requiredPaths(alt, prefix));
    for (const p of sets[0] ?? []) if (sets.every((x) => x.has(p))) out.add(p);
  }
  return out;
}
