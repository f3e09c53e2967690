export type RouteMatcher = (pathname: string) => string | null;
export declare function pathOf(url: string | undefined): string;
export declare function createRouteMatcher(manifest: unknown): RouteMatcher;
export declare function loadRouteMatcher(distDir: string): RouteMatcher;
