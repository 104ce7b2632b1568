export declare const schemaFile: string;
export declare const typesFile: string;
export declare function typeName(definition: string): string;
export declare function typesSourceOf(schema: Record<string, unknown>): string;
export declare function typesSource(): string;
export declare function writeTypes(): boolean;
