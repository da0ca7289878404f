/* The floor for kyso-host's cold start: the least a native messaging host can do — read one
 * frame, write one fixed reply, exit. bench/bench_host.py starts it the same way as kyso-host. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    uint32_t length = 0;
    static char buffer[1 << 20];
    if (fread(&length, sizeof length, 1, stdin) != 1 || length > sizeof buffer ||
        fread(buffer, 1, length, stdin) != length) {
        return 1;
    }
    static const char reply[] =
        "{\"type\":\"result\",\"id\":\"b\",\"result\":{\"name\":\"floor\"}}";
    const uint32_t out = (uint32_t)strlen(reply);
    fwrite(&out, sizeof out, 1, stdout);
    fwrite(reply, 1, out, stdout);
    fflush(stdout);
    return 0;
}
