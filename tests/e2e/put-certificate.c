/* put-certificate MODULE TOKEN_LABEL USER_PIN CERT.der ID_HEX LABEL
 * Stores a certificate object on a PKCS#11 token. pkcs11-tool refuses objects over a
 * few kilobytes; the e2e tests need a certificate of about 1 MB so that the host's
 * listCertificates answer is over the 1 MiB native messaging limit and must be chunked. */
#define CK_PTR *
#define CK_DECLARE_FUNCTION(rv, name) rv name
#define CK_DECLARE_FUNCTION_POINTER(rv, name) rv(*name)
#define CK_CALLBACK_FUNCTION(rv, name) rv(*name)
#ifndef NULL_PTR
#define NULL_PTR 0
#endif
#include <dlfcn.h>
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(CK_RV rv, const char *what) {
    if (rv != CKR_OK) {
        fprintf(stderr, "put-certificate: %s failed: 0x%lx\n", what, (unsigned long)rv);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: put-certificate MODULE TOKEN_LABEL USER_PIN CERT.der ID_HEX LABEL\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "put-certificate: %s\n", dlerror()); return 1; }
    CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
    CK_FUNCTION_LIST_PTR p11;
    check(get(&p11), "C_GetFunctionList");
    check(p11->C_Initialize(NULL), "C_Initialize");

    CK_SLOT_ID slots[32];
    CK_ULONG count = 32;
    check(p11->C_GetSlotList(CK_TRUE, slots, &count), "C_GetSlotList");
    CK_SLOT_ID slot = (CK_SLOT_ID)-1;
    for (CK_ULONG i = 0; i < count; i++) {
        CK_TOKEN_INFO info;
        if (p11->C_GetTokenInfo(slots[i], &info) != CKR_OK) continue;
        size_t n = strlen(argv[2]);
        if (n <= 32 && memcmp(info.label, argv[2], n) == 0 && (n == 32 || info.label[n] == ' ')) slot = slots[i];
    }
    if (slot == (CK_SLOT_ID)-1) { fprintf(stderr, "put-certificate: no token %s\n", argv[2]); return 1; }

    FILE *f = fopen(argv[4], "rb");
    if (!f) { perror(argv[4]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *der = malloc(size);
    if (fread(der, 1, size, f) != (size_t)size) { perror("read"); return 1; }
    fclose(f);

    /* SoftHSM wants CKA_SUBJECT with an X.509 certificate. */
    const unsigned char *cursor = der;
    X509 *cert = d2i_X509(NULL, &cursor, size);
    if (!cert) { fprintf(stderr, "put-certificate: %s is not a DER certificate\n", argv[4]); return 1; }
    unsigned char *subject = NULL;
    int subject_len = i2d_X509_NAME(X509_get_subject_name(cert), &subject);

    unsigned char id[64];
    size_t idlen = strlen(argv[5]) / 2;
    for (size_t i = 0; i < idlen && i < sizeof id; i++) sscanf(argv[5] + 2 * i, "%2hhx", &id[i]);

    CK_SESSION_HANDLE session;
    check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &session), "C_OpenSession");
    check(p11->C_Login(session, CKU_USER, (CK_UTF8CHAR_PTR)argv[3], strlen(argv[3])), "C_Login");
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE type = CKC_X_509;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_ATTRIBUTE attrs[] = {
        {CKA_CLASS, &cls, sizeof cls},       {CKA_CERTIFICATE_TYPE, &type, sizeof type},
        {CKA_TOKEN, &yes, sizeof yes},       {CKA_PRIVATE, &no, sizeof no},
        {CKA_VALUE, der, (CK_ULONG)size},    {CKA_ID, id, (CK_ULONG)idlen},
        {CKA_LABEL, argv[6], strlen(argv[6])},  {CKA_SUBJECT, subject, (CK_ULONG)subject_len},
    };
    CK_OBJECT_HANDLE object;
    check(p11->C_CreateObject(session, attrs, sizeof attrs / sizeof attrs[0], &object), "C_CreateObject");
    p11->C_Logout(session);
    p11->C_CloseSession(session);
    p11->C_Finalize(NULL);
    return 0;
}
