#include "crypto/http_post.hpp"

#include <openssl/http.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <chrono>

#include "crypto/crypto_handles.hpp"
#include "crypto/libssl.hpp"
#include "crypto/openssl_errors.hpp"

namespace kyso {
namespace {

struct ParsedUrl {
    bool tls = false;
    std::string host, port, pathAndQuery;
};

ParsedUrl parseUrl(const std::string& url) {
    int tls = 0;
    char *user = nullptr, *host = nullptr, *port = nullptr, *path = nullptr, *query = nullptr,
         *fragment = nullptr;
    const int ok = OSSL_HTTP_parse_url(url.c_str(), &tls, &user, &host, &port, nullptr, &path,
                                       &query, &fragment);
    // Owned from here on, whatever happened.
    OpenSslBuffer<char> ownUser(user), ownHost(host), ownPort(port), ownPath(path), ownQuery(query),
        ownFragment(fragment);
    if (ok != 1 || host == nullptr || *host == '\0') {
        takeOpenSslErrors();
        throwInvalidRequest("'" + url + "' is not an http:// or https:// URL");
    }
    ParsedUrl parsed;
    parsed.tls = tls != 0;
    parsed.host = host;
    parsed.port = port != nullptr ? port : (parsed.tls ? "443" : "80");
    parsed.pathAndQuery = path != nullptr && *path != '\0' ? path : "/";
    if (query != nullptr && *query != '\0') {
        parsed.pathAndQuery += std::string("?") + query;
    }
    return parsed;
}

struct TlsSetup {
    const LibSsl* ssl = nullptr;
    SSL_CTX* context = nullptr;
    std::string host, port;
    bool viaProxy = false;  // the socket goes to an HTTP proxy: tunnel with CONNECT first
    std::chrono::steady_clock::time_point deadline;
};

// Whole seconds left before `deadline`, at least 1 (OpenSSL reads 0 as "no timeout").
int secondsLeft(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(
        deadline - std::chrono::steady_clock::now());
    return std::max(1, static_cast<int>(left.count()));
}

// The server certificate must name the URL's host: a DNS name (also sent as SNI) or, for an
// IP literal, an iPAddress subjectAltName (and no SNI, which RFC 6066 reserves for names).
bool expectPeerName(const LibSsl& api, SSL* ssl, const std::string& host) {
    Asn1StringPtr ip(a2i_IPADDRESS(host.c_str()));
    if (ip) {
        return X509_VERIFY_PARAM_set1_ip_asc(api.SSL_get0_param(ssl), host.c_str()) == 1;
    }
    // SSL_set_tlsext_host_name, spelt out: the macro would call the linked SSL_ctrl.
    char* name = const_cast<char*>(host.c_str());
    return api.SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, name) == 1 &&
           api.SSL_set1_host(ssl, host.c_str()) == 1;
}

// OSSL_HTTP_transfer calls this after connecting (connect=1, detail=use TLS) and before
// disconnecting (connect=0, detail=success): it puts a TLS BIO on top of the socket BIO and
// takes it off again, as OpenSSL's own apps do.
BIO* tlsLayer(BIO* bio, void* arg, int connect, int detail) {
    auto* tls = static_cast<TlsSetup*>(arg);
    if (connect != 0 && detail != 0) {
        if (tls->viaProxy &&
            OSSL_HTTP_proxy_connect(bio, tls->host.c_str(), tls->port.c_str(), nullptr, nullptr,
                                    secondsLeft(tls->deadline), nullptr, nullptr) != 1) {
            return nullptr;
        }
        BIO* sslBio = tls->ssl->BIO_new_ssl(tls->context, 1);
        SSL* ssl = nullptr;
        if (sslBio == nullptr || BIO_get_ssl(sslBio, &ssl) <= 0 || ssl == nullptr ||
            !expectPeerName(*tls->ssl, ssl, tls->host)) {
            BIO_free(sslBio);
            return nullptr;
        }
        return BIO_push(sslBio, bio);
    }
    if (connect == 0 && BIO_method_type(bio) == BIO_TYPE_SSL) {
        tls->ssl->BIO_ssl_shutdown(bio);
        BIO* socket = BIO_pop(bio);
        BIO_free(bio);
        return socket;
    }
    return bio;
}

SslCtxPtr clientTlsContext(const LibSsl& api) {
    SslCtxPtr context(api.SSL_CTX_new(api.TLS_client_method()));
    // SSL_CTX_set_min_proto_version, spelt out: the macro would call the linked SSL_CTX_ctrl.
    if (!context || api.SSL_CTX_set_default_verify_paths(context.get()) != 1 ||
        api.SSL_CTX_ctrl(context.get(), SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, nullptr) !=
            1) {
        throw Error(ErrorCode::Internal, "cannot set up TLS: " + takeOpenSslErrors());
    }
    api.SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
    return context;
}

Bytes readAll(BIO* bio, std::size_t limit) {
    Bytes out;
    unsigned char buffer[4096];
    int n = 0;
    while ((n = BIO_read(bio, buffer, sizeof(buffer))) > 0) {
        out.insert(out.end(), buffer, buffer + n);
        if (out.size() > limit) {  // OpenSSL enforces the limit too; this is belt and braces
            break;
        }
    }
    return out;
}

}  // namespace

Bytes httpPost(const HttpPost& request) {
    const ParsedUrl url = parseUrl(request.url);
    const int timeout = std::max(1, request.timeoutSeconds);

    SslCtxPtr tlsContext;
    TlsSetup tls;
    if (url.tls) {
        tls.ssl = &libssl(request.failureCode);
        tlsContext = clientTlsContext(*tls.ssl);
        tls.context = tlsContext.get();
        tls.host = url.host;
        tls.port = url.port;
        tls.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
        // The same choice OSSL_HTTP_transfer makes from https_proxy / no_proxy below.
        tls.viaProxy = OSSL_HTTP_adapt_proxy(nullptr, nullptr, url.host.c_str(), 1) != nullptr;
    }
    BioPtr body(BIO_new_mem_buf(request.body.data(), static_cast<int>(request.body.size())));
    if (!body) {
        throw Error(ErrorCode::Internal, "out of memory");
    }

    takeOpenSslErrors();  // start clean, so the message below is about this exchange
    BioPtr response(OSSL_HTTP_transfer(
        nullptr, url.host.c_str(), url.port.c_str(), url.pathAndQuery.c_str(), url.tls ? 1 : 0,
        nullptr, nullptr, nullptr, nullptr, url.tls ? tlsLayer : nullptr, url.tls ? &tls : nullptr,
        0, nullptr, request.contentType.c_str(), body.get(),
        request.expectedContentType.empty() ? nullptr : request.expectedContentType.c_str(),
        1 /* expect ASN.1 */, request.maxResponseBytes, timeout, 0 /* no keep-alive */));

    if (!response) {
        const std::string reasons = takeOpenSslErrors();
        // OpenSSL says "connect timeout" or "transfer timeout". It retries a refused connection
        // until the timeout (a restarting server comes back), so a server that is down shows
        // up as a connect timeout.
        std::string what = "the exchange failed";
        if (reasons.find("connect timeout") != std::string::npos) {
            what = "could not connect within " + std::to_string(timeout) + " s";
        } else if (reasons.find("timeout") != std::string::npos) {
            what = "no answer within " + std::to_string(timeout) + " s";
        }
        throw Error(request.failureCode, "cannot reach " + request.peerName + " at " + request.url +
                                             ": " + what + " (" + reasons + ")");
    }
    Bytes answer = readAll(response.get(), request.maxResponseBytes);
    if (answer.size() > request.maxResponseBytes) {
        throw Error(request.failureCode, request.peerName + " at " + request.url +
                                             " sent more than " +
                                             std::to_string(request.maxResponseBytes) + " bytes");
    }
    return answer;
}

}  // namespace kyso
