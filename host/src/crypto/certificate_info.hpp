#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/algorithms.hpp"
#include "core/bytes.hpp"

namespace kyso {

struct DistinguishedName {
    std::string dn;  // RFC 2253 order, UTF-8
    std::string commonName;
    std::string organization;
    std::string serialNumber;  // the subject's serialNumber attribute (CCCD/MST in VN certs)
};

// What users and portals need to know about a certificate, read from its DER.
struct CertificateInfo {
    DistinguishedName subject, issuer;
    std::string serialNumber;  // hex
    std::time_t notBefore = 0, notAfter = 0;
    KeyType keyType = KeyType::Rsa;
    int keyBits = 0;
    std::string curve;  // "P-256", "P-384", "P-521" for EC keys
    std::vector<std::string> keyUsage, extendedKeyUsage;

    bool validAt(std::time_t when) const { return notBefore <= when && when <= notAfter; }
};

// Throws INVALID_REQUEST if `der` is not an X.509 certificate, UNSUPPORTED_ALGORITHM if its key
// is neither RSA nor EC.
CertificateInfo readCertificate(const Bytes& der);

// The same, remembered by thumbprint (the SHA-256 of `der`, so a thumbprint always names the
// same content): a token's certificates are listed on every request and OpenSSL 3 takes
// about half a millisecond to decode each one. Bounded; thread-safe.
CertificateInfo readCertificateCached(const std::string& thumbprint, const Bytes& der);

// A certificate signs only inside its validity period (Nghị định 68/2024 Đ29): outside it this
// throws CERTIFICATE_EXPIRED, before any dialog, with `thumbprint`, `notBefore`, `notAfter`
// and `expired` (true once notAfter has passed, false for a certificate not yet valid).
void requireValidAt(const CertificateInfo& info, const std::string& thumbprint, std::time_t when);

// The protocol's JSON form (docs/protocol.md, listCertificates), without token fields.
nlohmann::json certificateJson(const CertificateInfo& info);

}  // namespace kyso
