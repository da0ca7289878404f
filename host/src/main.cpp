// kyso-host: decides between native messaging (started by a browser) and the CLI; nothing else.
int main() { return 0; }
