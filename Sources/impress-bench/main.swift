#if canImport(Glibc)
import Glibc
#endif

// `impress-bench`: the in-repo benchmark of the aggregate routes (issue 5). See `BenchCommand`.
exit(BenchCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
