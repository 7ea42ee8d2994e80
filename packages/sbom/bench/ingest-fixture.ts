/**
 * Generates a realistic CycloneDX 1.6 JSON SBOM with `n` components: purls, suppliers, two hashes,
 * licences (ids and expressions), properties incl. FDA support status, external references, nested
 * sub-components, and a dependency graph of 1–3 edges per component. Deterministic (no randomness).
 */
import { createHash } from "node:crypto";

const ECOSYSTEMS = ["npm", "maven", "pypi", "golang", "cargo", "nuget"] as const;
const LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "GPL-2.0-only", "LGPL-2.1-or-later", "MPL-2.0"];

function hex(seed: string, alg: "sha1" | "sha256"): string {
  return createHash(alg).update(seed).digest("hex");
}

export function generateCycloneDx(n: number): Record<string, unknown> {
  const components: Record<string, unknown>[] = [];
  const dependencies: { ref: string; dependsOn: string[] }[] = [];
  const refs: string[] = [];
  for (let i = 0; i < n; i++) {
    const eco = ECOSYSTEMS[i % ECOSYSTEMS.length]!;
    const group = `org${i % 97}`;
    const name = `component-${i}`;
    const version = `${1 + (i % 7)}.${i % 13}.${i % 5}`;
    const purl = eco === "maven" ? `pkg:maven/${group}/${name}@${version}` : `pkg:${eco}/${name}@${version}`;
    refs.push(purl);
    const license =
      i % 5 === 0
        ? { expression: `${LICENSES[i % 7]} OR ${LICENSES[(i + 3) % 7]}` }
        : { license: { id: LICENSES[i % 7] } };
    components.push({
      type: i % 50 === 0 ? "framework" : "library",
      "bom-ref": purl,
      supplier: { name: `Supplier ${i % 211} Ltd`, url: [`https://supplier${i % 211}.example.com`] },
      group: eco === "maven" ? group : undefined,
      name,
      version,
      description: `Library ${name} used by the device firmware for ${i % 2 === 0 ? "networking" : "storage"}`,
      scope: "required",
      hashes: [
        { alg: "SHA-1", content: hex(purl, "sha1") },
        { alg: "SHA-256", content: hex(purl, "sha256") },
      ],
      licenses: [license],
      purl,
      externalReferences: [
        { type: "website", url: `https://example.com/${eco}/${name}` },
        { type: "distribution", url: `https://registry.example.com/${eco}/${name}/${version}.tgz` },
      ],
      properties: [
        {
          name: "cdx:fda:level-of-support",
          value: i % 3 === 0 ? "no-longer-maintained" : "actively-maintained",
        },
        { name: "cdx:lifecycle:milestone:endOfSupport", value: `20${30 + (i % 9)}-12-31` },
      ],
      ...(i % 100 === 0
        ? {
            components: [
              {
                type: "file",
                "bom-ref": `${purl}#file`,
                name: `${name}.so`,
                hashes: [{ alg: "SHA-256", content: hex(`${purl}#f`, "sha256") }],
              },
            ],
          }
        : {}),
    });
  }
  for (let i = 0; i < n; i++) {
    const dependsOn = [
      ...new Set(
        [refs[(i * 7 + 1) % n]!, refs[(i * 13 + 5) % n]!, refs[(i * 31 + 11) % n]!].slice(0, 1 + (i % 3)),
      ),
    ].filter((r) => r !== refs[i]);
    dependencies.push({ ref: refs[i]!, dependsOn });
  }
  dependencies.push({ ref: "device-firmware", dependsOn: refs.slice(0, Math.min(n, 50)) });
  return {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    version: 1,
    metadata: {
      timestamp: "2026-01-15T10:00:00Z",
      lifecycles: [{ phase: "build" }],
      tools: {
        components: [{ type: "application", group: "example", name: "sbom-generator", version: "1.2.3" }],
      },
      authors: [{ name: "Device Team", email: "sbom@example.com" }],
      component: {
        type: "firmware",
        "bom-ref": "device-firmware",
        name: "infusion-pump-firmware",
        version: "4.2.0",
      },
      manufacturer: { name: "Example Medical Devices Inc.", url: ["https://medical.example.com"] },
    },
    components,
    dependencies,
    compositions: [{ aggregate: "incomplete_first_party_only", assemblies: ["device-firmware"] }],
  };
}
