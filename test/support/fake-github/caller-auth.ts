import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { HttpError, type Caller, type GitHubModel } from "./model.js";

/**
 * Who is calling, from the Authorization header: the App's JWT (RS256, checked
 * against the registered public key when there is one), an installation token
 * the fake minted, or a personal token a test registered. Unknown → 401.
 */
export class CallerAuth {
  private publicKey: KeyObject | null = null;

  constructor(private readonly model: GitHubModel) {}

  setPublicKey(pem: string): void {
    this.publicKey = createPublicKey(pem);
  }

  identify(header: string | undefined): Caller | null {
    if (!header) return null;
    const match = /^(?:bearer|token)\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new HttpError(401, "Bad credentials");
    const credential = match[1]!;
    if (credential.split(".").length === 3) return this.fromJwt(credential);
    const known = this.model.tokens.get(credential);
    if (!known) throw new HttpError(401, "Bad credentials");
    return {
      actor: this.model.user(known.login),
      installationId: known.installationId,
      isAppJwt: false,
      isInstallationToken: known.installationToken ?? known.installationId !== null,
      permissions: known.permissions ?? null,
    };
  }

  private fromJwt(jwt: string): Caller {
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    let claims: { iss?: unknown; exp?: unknown; iat?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
    } catch {
      throw new HttpError(401, "A JSON web token could not be decoded");
    }
    if (String(claims.iss) !== String(this.model.app.id))
      throw new HttpError(401, "'Issuer' claim ('iss') must be an Integer");
    if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now())
      throw new HttpError(
        401,
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      );
    if (this.publicKey) {
      const valid = verify(
        "RSA-SHA256",
        Buffer.from(`${header}.${payload}`),
        this.publicKey,
        Buffer.from(signature, "base64url"),
      );
      if (!valid) throw new HttpError(401, "A JSON web token could not be decoded");
    }
    return {
      actor: this.model.user(this.model.botLogin),
      installationId: null,
      isAppJwt: true,
      isInstallationToken: false,
      permissions: null,
    };
  }
}
