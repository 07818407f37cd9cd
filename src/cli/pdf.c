/*
 * pdf.c - a report printed to PDF by headless Chromium.
 *
 * How it works: the HTML report is written into a private temporary
 * directory (mkdtemp, mode 0700) and Chromium is run on it as
 * "chromium --headless --print-to-pdf=FILE file://.../report.html" with a
 * profile of its own in that directory, so it never touches the user's
 * browser profile.  The page is self-contained (no script, no request
 * leaves it) and its print stylesheet sets A4, keeps charts whole and
 * starts each report on a new page.  Chromium is started with execv and
 * an argument vector (no shell), its output goes to a log file that is
 * shown only when it fails, and it is killed if it has not finished in
 * PRINT_TIMEOUT seconds.  The PDF is checked ("%PDF-" first) before it
 * replaces FILE by a rename, or is copied to standard output.
 *
 * Chromium is not a build dependency: when it is absent the command says
 * so and exits with BF_EXIT_UNAVAIL (69, EX_UNAVAILABLE of sysexits.h),
 * which a script can tell from a failure.
 */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* Seconds Chromium may take to print one report. */
#define PRINT_TIMEOUT 120

/* find_chromium writes the Chromium to run into out; 0 when found. */
static int find_chromium(char *out, size_t cap)
{
    static const char *const names[] = { "chromium", "chromium-browser" };
    const char *env = getenv("CHROMIUM"), *path = getenv("PATH");
    size_t i;

    if (env && *env) {
        snprintf(out, cap, "%s", env);
        return access(out, X_OK) == 0 ? 0 : -1;
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *p = path ? path : "/usr/bin:/bin";

        while (*p) {
            size_t n = strcspn(p, ":");

            if (n > 0 &&
                (size_t)snprintf(out, cap, "%.*s/%s", (int)n, p, names[i]) <
                        cap &&
                access(out, X_OK) == 0)
                return 0;
            p += n;
            if (*p == ':')
                p++;
        }
    }
    return -1;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* write_file writes len bytes to path; 0 on success. */
static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f)
        return -1;
    ok = fwrite(data, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    return ok ? 0 : -1;
}

/* show_log copies Chromium's last output lines to standard error. */
static void show_log(const char *path)
{
    char buf[2048];
    FILE *f = fopen(path, "rb");
    long size;
    size_t n;

    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, size > (long)sizeof buf - 1 ? size - (long)sizeof buf + 1 : 0,
          SEEK_SET);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (n)
        fprintf(stderr, "%s%s", buf, buf[n - 1] == '\n' ? "" : "\n");
}

/*
 * run_chromium prints page to pdf; 0 when Chromium exited with 0 in
 * time.  The child's output goes to log.
 */
static int run_chromium(const char *bin, const char *dir, const char *page,
                        const char *pdf, const char *log)
{
    char profile[4400], print[4400], url[4400];
    const char *argv[16];
    struct timespec pause = { 0, 50 * 1000 * 1000 };
    int n = 0, status = 0, fd, waited;
    pid_t pid, got = 0;

    snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", dir);
    snprintf(print, sizeof print, "--print-to-pdf=%s", pdf);
    snprintf(url, sizeof url, "file://%s", page);
    argv[n++] = bin;
    argv[n++] = "--headless";
    argv[n++] = "--disable-gpu";
    argv[n++] = "--no-first-run";
    argv[n++] = "--disable-background-networking";
    argv[n++] = "--disable-component-update";
    argv[n++] = "--disable-sync";
    argv[n++] = "--no-pdf-header-footer";
    argv[n++] = profile;
    /* Chromium refuses to run as root inside its sandbox. */
    if (geteuid() == 0)
        argv[n++] = "--no-sandbox";
    argv[n++] = print;
    argv[n++] = url;
    argv[n] = NULL;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        fd = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, STDIN_FILENO);
            close(fd);
        }
        /* A new process group, so a timeout ends its helpers too. */
        setpgid(0, 0);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    for (waited = 0; waited < PRINT_TIMEOUT * 20; waited++) {
        got = waitpid(pid, &status, WNOHANG);
        if (got == pid || (got < 0 && errno != EINTR))
            break;
        nanosleep(&pause, NULL);
    }
    if (got != pid) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        fprintf(stderr, "%s %d s\n",
                bf__cli_text("bonafide audit: chromium did not finish in",
                             "bonafide audit : chromium n'a pas fini en"),
                PRINT_TIMEOUT);
        return -1;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* is_pdf: path holds a file that starts as a PDF does. */
static int is_pdf(const char *path)
{
    char head[5];
    FILE *f = fopen(path, "rb");
    int ok;

    if (!f)
        return 0;
    ok = fread(head, 1, 5, f) == 5 && memcmp(head, "%PDF-", 5) == 0;
    fclose(f);
    return ok;
}

/* copy_out copies path to standard output; 0 on success. */
static int copy_out(const char *path)
{
    char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    size_t n;
    int ok = 1;

    if (!f)
        return -1;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
        ok = fwrite(buf, 1, n, stdout) == n;
    ok = !ferror(f) && ok && fflush(stdout) == 0;
    fclose(f);
    return ok ? 0 : -1;
}

int bf__cli_pdf(const char *html, size_t len, const char *out_path)
{
    char bin[4096], dir[4096], page[4200], pdf[4200], log[4200];
    const char *tmp = getenv("TMPDIR");
    int status = BF_EXIT_FAIL;

    if (find_chromium(bin, sizeof bin) != 0) {
        fputs(bf__cli_text(
                      "bonafide audit: --format pdf needs Chromium, which "
                      "was not found: install the chromium package, or set\n"
                      "$CHROMIUM to its program; --format html writes a page "
                      "any browser can print.\n",
                      "bonafide audit : --format pdf demande Chromium, "
                      "introuvable : installez le paquet chromium, ou\n"
                      "indiquez son programme dans $CHROMIUM ; --format html "
                      "écrit une page que tout navigateur sait imprimer.\n"),
              stderr);
        return BF_EXIT_UNAVAIL;
    }
    snprintf(dir, sizeof dir, "%s/bonafide-pdf-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("bonafide audit: mkdtemp");
        return BF_EXIT_FAIL;
    }
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(log, sizeof log, "%s/chromium.log", dir);
    /* Printed next to FILE, so the rename stays on one file system. */
    if (out_path)
        snprintf(pdf, sizeof pdf, "%s.tmp", out_path);
    else
        snprintf(pdf, sizeof pdf, "%s/report.pdf", dir);
    if (write_file(page, html, len) != 0) {
        perror("bonafide audit");
        goto out;
    }
    unlink(pdf);
    if (run_chromium(bin, dir, page, pdf, log) != 0 || !is_pdf(pdf)) {
        fprintf(stderr, "%s %s:\n",
                bf__cli_text("bonafide audit: chromium could not print the "
                             "report with",
                             "bonafide audit : chromium n'a pas pu imprimer "
                             "le rapport avec"),
                bin);
        show_log(log);
        unlink(pdf);
        goto out;
    }
    if (out_path) {
        if (rename(pdf, out_path) != 0) {
            perror(out_path);
            unlink(pdf);
            goto out;
        }
    } else if (copy_out(pdf) != 0) {
        perror("bonafide audit: stdout");
        goto out;
    }
    status = BF_EXIT_OK;
out:
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return status;
}
