# Warnings for our own code only; -Werror only in dev mode so that a newer
# compiler on a user's machine does not break the build.
add_library(standard_warnings INTERFACE)
target_compile_options(standard_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2
  $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond -Wlogical-op>)
if(ENABLE_DEV_MODE)
  target_compile_options(standard_warnings INTERFACE -Werror)
endif()
