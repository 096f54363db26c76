/** Paths of the derived artefacts. */
export declare const targets: { bundle: string; types: string };
/** The bundled spec as Redocly writes it. */
export declare function bundleSpec(): string;
/** TypeScript types for the spec as openapi-typescript writes them. */
export declare function generateTypes(): Promise<string>;
