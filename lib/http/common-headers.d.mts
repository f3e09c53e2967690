export declare const COMMON_SECURITY_HEADERS: Record<string, string>;
export declare const API_CONTENT_SECURITY_POLICY: string;
