/* SPDX-License-Identifier: GPL-2.0 */
/* Rate limits that never limit: a hosted test sees every warning. */
#ifndef _LINUX_RATELIMIT_H
#define _LINUX_RATELIMIT_H

#define DEFAULT_RATELIMIT_INTERVAL 5
#define DEFAULT_RATELIMIT_BURST 10

struct ratelimit_state {
	int interval;
	int burst;
};

#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init)	\
	struct ratelimit_state name = { interval_init, burst_init }

#define __ratelimit(state) ((void)(state), 1)

#endif /* _LINUX_RATELIMIT_H */
