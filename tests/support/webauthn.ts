// A software authenticator for the passkey tests: real keys from node:crypto (P-256 or Ed25519), real
// authenticatorData, clientDataJSON and "none" attestation objects (CBOR by the library's own encoder), real
// signatures. It plays the browser too: it signs whatever challenge, origin and relying party it is told,
// so a test can sign for the wrong ones.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

export const TEST_ORIGIN = "http://localhost:3000";
export const TEST_RP_ID = "localhost";

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export interface Ceremony {
  origin?: string;
  rpId?: string;
  /** User verification (the PIN or biometric): on unless a test turns it off. */
  userVerified?: boolean;
}

type CborMap = Map<number, number | Uint8Array>;

function coseKeyOf(publicKey: KeyObject, algorithm: "ES256" | "EdDSA"): CborMap {
  const jwk = publicKey.export({ format: "jwk" });
  const x = Buffer.from(jwk.x!, "base64url");
  if (algorithm === "EdDSA") return new Map<number, number | Uint8Array>([[1, 1], [3, -8], [-1, 6], [-2, new Uint8Array(x)]]);
  const y = Buffer.from(jwk.y!, "base64url");
  return new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, new Uint8Array(x)], [-3, new Uint8Array(y)]]);
}

function sha256(data: Uint8Array | string): Buffer {
  return createHash("sha256").update(data).digest();
}

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

function clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): string {
  return isoBase64URL.fromUTF8String(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** One credential on the software authenticator. */
export class SoftPasskey {
  readonly credentialId: Uint8Array<ArrayBuffer>;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** The signature counter it reports next (incremented by each assertion); 0 keeps it at 0 (no counter). */
  counter: number;

  constructor(
    readonly algorithm: "ES256" | "EdDSA" = "ES256",
    /** A synced (multi-device, backed up) credential, or one bound to this authenticator. */
    readonly isSynced = false,
    counter = 1,
  ) {
    this.credentialId = new Uint8Array(randomBytes(32));
    const pair = algorithm === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.counter = counter;
  }

  get id(): string {
    return isoBase64URL.fromBuffer(this.credentialId);
  }

  private flags(userVerified: boolean, extra = 0): number {
    return FLAG_UP | (userVerified ? FLAG_UV : 0) | (this.isSynced ? FLAG_BE | FLAG_BS : 0) | extra;
  }

  /** What navigator.credentials.create() answers for these options (RegistrationResponseJSON). */
  register(options: { challenge: string; rp?: { id?: string } }, ceremony: Ceremony = {}): Record<string, unknown> {
    const rpId = ceremony.rpId ?? options.rp?.id ?? TEST_RP_ID;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(ceremony.userVerified ?? true, FLAG_AT)]),
      counterBytes(0),
      Buffer.alloc(16),
      idLength,
      this.credentialId,
      isoCBOR.encode(coseKeyOf(this.publicKey, this.algorithm)),
    ]);
    const fields: [string, string | Map<string, string> | Uint8Array][] = [["fmt", "none"], ["attStmt", new Map<string, string>()], ["authData", new Uint8Array(authData)]];
    const attestationObject = isoCBOR.encode(new Map(fields));
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: clientData("webauthn.create", options.challenge, ceremony.origin ?? TEST_ORIGIN),
        attestationObject: isoBase64URL.fromBuffer(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** What navigator.credentials.get() answers (AuthenticationResponseJSON), signed with this credential's key. */
  assert(options: { challenge: string; rpId?: string }, ceremony: Ceremony & { userHandle?: string } = {}): Record<string, unknown> {
    const rpId = ceremony.rpId ?? options.rpId ?? TEST_RP_ID;
    if (this.counter > 0) this.counter += 1;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(ceremony.userVerified ?? true)]), counterBytes(this.counter)]);
    const clientDataJSON = clientData("webauthn.get", options.challenge, ceremony.origin ?? TEST_ORIGIN);
    const signed = Buffer.concat([authData, sha256(isoBase64URL.toBuffer(clientDataJSON))]);
    const signature = sign(this.algorithm === "EdDSA" ? null : "sha256", signed, this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON,
        authenticatorData: isoBase64URL.fromBuffer(new Uint8Array(authData)),
        signature: isoBase64URL.fromBuffer(new Uint8Array(signature)),
        ...(ceremony.userHandle ? { userHandle: ceremony.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
