export declare function appUrlOf(env: { APP_URL?: string; PORT?: string }): string;
export declare function passkeysOffReason(appUrl: string): string | null;
