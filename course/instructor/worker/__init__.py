"""What runs on a grading worker: a Dask worker of this machine or of a cluster, which needs the course
package installed and nothing of the course folder.

task (a submission and a GraderBundle in, the autograded notebook out), nbgrader_plugins (the
preprocessors; GuardedExecute is the executor), sandbox and cgroups (bubblewrap, limits), judge (the
test cells, run here), agent and wire (the kernel's half, and what crosses the sandbox wall),
reference (the instructor's functions, memoised), review. The instructor's process (grade, jobs,
gradebook, cluster) hands out the tasks and records their results.
"""
