// Floor (a): a bare node:http server doing the protected endpoint's jose Ed25519 verification and nothing
// else. FLOOR_PUBLIC_JWK (JSON) is the key the bench signs its token with; WORKERS, PORT as in cluster.mjs.
import { importJWK, jwtVerify } from "jose";
import { VERIFY_OPTIONS } from "./claims.mjs";
import { serve } from "./cluster.mjs";

await serve(async () => {
  const key = await importJWK(JSON.parse(process.env.FLOOR_PUBLIC_JWK ?? "{}"), "EdDSA");
  return (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    req.resume();
    jwtVerify(token, key, VERIFY_OPTIONS).then(
      () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"detail":"accessed"}');
      },
      () => {
        res.writeHead(401, { "content-type": "application/json" });
        res.end('{"detail":"Given token not valid for any token type","code":"token_not_valid"}');
      },
    );
  };
});
