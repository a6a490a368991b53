/* A definition that needs no C library header: compiled for other targets. */
__attribute__((annotate("affq", -1.0, 1.0))) float W[64];
void fill(void) { for (int i = 0; i < 64; i++) W[i] = i / 64.0f; }
float get(int i) { return W[i]; }
