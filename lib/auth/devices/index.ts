// The devices that sign in to an account: device-name.ts names one from its User-Agent ("Firefox on
// Linux") for the session list, the events and the emails; known-devices.ts remembers which names an
// account has signed in from (a first one is a "new sign-in" email); device-token.ts is OWASP's device
// cookie, which gives a client that signed in before its own budget of failed sign-ins. Nothing here
// imports the session or email modules: both of those import this.
export { describeUserAgent, UNKNOWN_DEVICE } from "@/lib/auth/devices/device-name";
export { deviceHashOf } from "@/lib/auth/devices/known-devices";
export { issueDeviceToken, knownClientOf, readDeviceToken, type DeviceClaims } from "@/lib/auth/devices/device-token";
