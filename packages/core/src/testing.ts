/**
 * `@qmskit/core/testing`: test helpers for hosts and store adapters.
 *
 * @packageDocumentation
 */
export {};
