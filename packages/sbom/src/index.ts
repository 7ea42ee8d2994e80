/**
 * `@qmskit/sbom`: see the package README.
 *
 * @packageDocumentation
 */
export {};
