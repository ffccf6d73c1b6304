// SPDX-License-Identifier: GPL-2.0
/*
 * The kmemleak scan of maptype's sanitizer run. Not generated: maptype's
 * kernel runner builds this file last into a kernel with
 * CONFIG_DEBUG_KMEMLEAK, so that its one case runs after every other suite,
 * and checks that it did.
 *
 * A KUnit kernel halts when its suites end, and has no user space to write
 * "scan" to /sys/kernel/debug/kmemleak. This case does it itself: it opens
 * kmemleak's file on a kernel mount of debugfs and passes the command and
 * the report through user memory of its own mm, since kmemleak's file takes
 * only user buffers. It plants a leak first, which the scan must report, so
 * a scan that finds nothing else means something.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* kmemleak leaves objects younger than five seconds out of its reports. */
#define KMEMLEAK_TEST_MIN_AGE_MS 5500
/* Room for the reports: each is a few hundred bytes with its backtrace. */
#define KMEMLEAK_TEST_REPORT_SIZE (64 * 1024)
/*
 * Larger than any kmalloc cache, so the page allocator provides it: a slab
 * object's address stays behind in its neighbour's stale free pointer,
 * which would keep the planted object referenced.
 */
#define KMEMLEAK_TEST_PLANTED_SIZE (4 * PAGE_SIZE)
/* What the planting thread wipes below its frame: 4 KiB. */
#define KMEMLEAK_TEST_SCRUB_FRAME 512
#define KMEMLEAK_TEST_SCRUB_DEPTH 8
/*
 * Scans until the planted leak shows, a second apart, in case a copy of its
 * address outlives the thread that allocated it for a while.
 */
#define KMEMLEAK_TEST_ROUNDS 5

/*
 * The planted object's address, complemented, and the start of its report:
 * kmemleak scans this file's data too, and a plain pointer here would keep
 * the object referenced.
 */
static unsigned long kmemleak_test_planted;
static char kmemleak_test_planted_report[48];
static DECLARE_COMPLETION(kmemleak_test_planted_done);

/* Allocates the planted object; the address stays in the frames below. */
static noinline void kmemleak_test_alloc(void)
{
	void *p = kmalloc(KMEMLEAK_TEST_PLANTED_SIZE, GFP_KERNEL);

	if (p) {
		memset(p, 0x6b, KMEMLEAK_TEST_PLANTED_SIZE);
		snprintf(kmemleak_test_planted_report,
			 sizeof(kmemleak_test_planted_report),
			 "unreferenced object 0x%08lx ", (unsigned long)p);
	}
	WRITE_ONCE(kmemleak_test_planted, p ? ~(unsigned long)p : 0);
}

/* Overwrites @depth frames of the stack below the caller's. */
static noinline void kmemleak_test_scrub(int depth)
{
	char frame[KMEMLEAK_TEST_SCRUB_FRAME];

	memzero_explicit(frame, sizeof(frame));
	if (depth > 1)
		kmemleak_test_scrub(depth - 1);
}

/*
 * Plants the leak from a thread of its own, which exits before the scan,
 * and wipes what the allocation left below its frame: kmemleak scans the
 * stacks of every live task, dead frames included, and the thread's stack
 * pages may be a new thread's by then. The case's own thread never holds
 * the address until the scan is over.
 */
static int kmemleak_test_plant(void *unused)
{
	kmemleak_test_alloc();
	kmemleak_test_scrub(KMEMLEAK_TEST_SCRUB_DEPTH);
	complete(&kmemleak_test_planted_done);
	return 0;
}

/* kmemleak's debugfs file, opened on a kernel mount of debugfs. */
static struct file *kmemleak_test_open(struct kunit *test,
				       struct vfsmount **mnt, int flags)
{
	struct file_system_type *debugfs = get_fs_type("debugfs");
	struct file *f;

	KUNIT_ASSERT_NOT_NULL(test, debugfs);
	*mnt = kern_mount(debugfs);
	put_filesystem(debugfs);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(*mnt), "cannot mount debugfs: %ld",
			       PTR_ERR(*mnt));
	f = file_open_root_mnt(*mnt, "kmemleak", flags, 0);
	if (IS_ERR(f)) {
		kern_unmount(*mnt);
		KUNIT_FAIL_AND_ABORT(test, "cannot open kmemleak's file: %ld",
				     PTR_ERR(f));
	}
	return f;
}

/* Writes @cmd to kmemleak's file, through @ubuf in user memory. */
static void kmemleak_test_command(struct kunit *test, char __user *ubuf,
				  const char *cmd)
{
	struct vfsmount *mnt;
	struct file *f = kmemleak_test_open(test, &mnt, O_WRONLY);
	size_t len = strlen(cmd);
	loff_t pos = 0;
	ssize_t n;

	KUNIT_ASSERT_EQ(test, copy_to_user(ubuf, cmd, len), 0);
	n = vfs_write(f, ubuf, len, &pos);
	fput(f);
	kern_unmount(mnt);
	KUNIT_ASSERT_EQ_MSG(test, n, (ssize_t)len, "kmemleak \"%s\" failed",
			    cmd);
}

/* Reads kmemleak's report into @buf, through @ubuf; returns its length. */
static size_t kmemleak_test_report(struct kunit *test, char __user *ubuf,
				   char *buf, size_t size)
{
	struct vfsmount *mnt;
	struct file *f = kmemleak_test_open(test, &mnt, O_RDONLY);
	size_t len = 0;
	loff_t pos = 0;
	ssize_t n;

	while (len < size - 1) {
		n = vfs_read(f, ubuf + len, size - 1 - len, &pos);
		if (n <= 0)
			break;
		len += n;
	}
	fput(f);
	kern_unmount(mnt);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, ubuf, len), 0);
	buf[len] = '\0';
	return len;
}

/* Prints one report (up to the next) and returns where the next starts. */
static const char *kmemleak_test_print(const char *report)
{
	const char *next = strstr(report + 1, "unreferenced object ");
	const char *line = report;

	while (line && (!next || line < next)) {
		const char *end = strchr(line, '\n');
		int n = end ? end - line : strlen(line);

		pr_err("kmemleak report: %.*s\n", n, line);
		line = end ? end + 1 : NULL;
	}
	return next;
}

static void kmemleak_test_no_leaks(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, KMEMLEAK_TEST_REPORT_SIZE, GFP_KERNEL);
	unsigned long ubase;
	char __user *ubuf;
	struct task_struct *t;
	const char *r;
	const char *mine = kmemleak_test_planted_report;
	int found = 0, others = 0, round;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	ubase = kunit_vm_mmap(test, NULL, 0, KMEMLEAK_TEST_REPORT_SIZE,
			      PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_VALUE(ubase) || !ubase,
			       "no user memory: %ld", (long)ubase);
	ubuf = (char __user *)ubase;

	t = kthread_run(kmemleak_test_plant, NULL, "maptype-kmemleak");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wait_for_completion(&kmemleak_test_planted_done);
	KUNIT_ASSERT_NE(test, READ_ONCE(kmemleak_test_planted), 0);

	/*
	 * Old enough to be reported, then scanned twice: an object whose
	 * contents changed since the previous scan is not reported yet.
	 */
	msleep(KMEMLEAK_TEST_MIN_AGE_MS);
	for (round = 1; round <= KMEMLEAK_TEST_ROUNDS; round++) {
		kmemleak_test_command(test, ubuf, "scan");
		kmemleak_test_command(test, ubuf, "scan");
		kmemleak_test_report(test, ubuf, buf,
				     KMEMLEAK_TEST_REPORT_SIZE);
		if (strstr(buf, mine))
			break;
		msleep(1000);
	}
	round = min(round, KMEMLEAK_TEST_ROUNDS);
	kunit_info(test, "kmemleak scanned %d times", 2 * round);

	for (r = strstr(buf, "unreferenced object "); r;) {
		if (!strncmp(r, mine, strlen(mine))) {
			found++;
			r = strstr(r + 1, "unreferenced object ");
		} else {
			others++;
			r = kmemleak_test_print(r);
		}
	}
	/* Scanned: the case may hold the address now. */
	kfree((void *)~READ_ONCE(kmemleak_test_planted));

	KUNIT_EXPECT_EQ_MSG(test, found, 1,
			    "kmemleak did not report the planted leak");
	KUNIT_EXPECT_EQ_MSG(test, others, 0,
			    "kmemleak reported %d leaks (printed above)",
			    others);
}

static struct kunit_case kmemleak_test_cases[] = {
	KUNIT_CASE_SLOW(kmemleak_test_no_leaks),
	{}
};

static struct kunit_suite kmemleak_test_suite = {
	.name = "dma-buf-mapping-kmemleak",
	.test_cases = kmemleak_test_cases,
};

kunit_test_suite(kmemleak_test_suite);
