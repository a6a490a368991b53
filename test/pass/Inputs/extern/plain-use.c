/* A file that reads W as floats, without AFFQ_EXTERN. */
extern float W[40];
float plain_read(int i) { return W[i]; }
int main(void) { return (int)plain_read(3); }
