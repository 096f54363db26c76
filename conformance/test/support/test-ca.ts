import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A CA and a leaf certificate it signed, PEM; generated in-process (no network, no openssl). */
export interface TestPki {
  caCert: string;
  leafCert: string;
  leafKey: string;
}

function keyPair(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.rsa.PrivateKey; privatePem: string } {
  // Node's native RSA generation (milliseconds) rather than forge's pure-JS one (seconds).
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    privatePem: privateKey,
  };
}

function certificate(
  subject: string,
  publicKey: forge.pki.PublicKey,
  serial: string,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setExtensions(extensions);
  return cert;
}

/** A test CA, and a server certificate it signed for 127.0.0.1 and localhost. */
export function testPki(): TestPki {
  const ca = keyPair();
  const caCert = certificate('apikeys-kit test CA', ca.publicKey, '01', [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.sign(ca.privateKey, forge.md.sha256.create());
  const leaf = keyPair();
  const leafCert = certificate('127.0.0.1', leaf.publicKey, '02', [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  leafCert.setIssuer(caCert.subject.attributes);
  leafCert.sign(ca.privateKey, forge.md.sha256.create());
  return {
    caCert: forge.pki.certificateToPem(caCert),
    leafCert: forge.pki.certificateToPem(leafCert),
    leafKey: leaf.privatePem,
  };
}
