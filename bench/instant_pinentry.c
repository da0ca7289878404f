/* A pinentry that answers at once, for benchmarks: it speaks the Assuan subset kyso uses and
 * answers GETPIN with $KYSO_BENCH_PIN and CONFIRM/MESSAGE with OK, so that timing the host
 * excludes the human (and a Python interpreter's start-up). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char* pin = getenv("KYSO_BENCH_PIN");
    char line[4096];
    printf("OK Pleased to meet you\n");
    fflush(stdout);
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (strncmp(line, "GETPIN", 6) == 0) {
            printf("D %s\nOK\n", pin != NULL ? pin : "");
        } else if (strncmp(line, "BYE", 3) == 0) {
            printf("OK closing connection\n");
            fflush(stdout);
            return 0;
        } else {
            printf("OK\n");
        }
        fflush(stdout);
    }
    return 0;
}
