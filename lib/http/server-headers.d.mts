export declare const SOCKET_ADDRESS_HEADER: "x-auth-socket-address";
export declare const SOCKET_PROTOCOL_HEADER: "x-auth-socket-protocol";
export declare const UNSUPPORTED_METHOD_HEADER: "x-auth-unsupported-method";
export declare const SUPPORTED_METHODS: string[];
export declare const FORWARDED_HEADERS: string[];
