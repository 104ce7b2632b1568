export declare const validatorFile: string;
export declare function validatorSource(): string;
export declare function writeValidator(): boolean;
