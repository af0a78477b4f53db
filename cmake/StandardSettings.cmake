# Settings every target of ours links PRIVATE: language level, sanitizers.
add_library(standard_settings INTERFACE)
target_compile_features(standard_settings INTERFACE cxx_std_20)

if(ENABLE_SANITIZERS)
  target_compile_options(standard_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(standard_settings INTERFACE -fsanitize=address,undefined)
endif()

# Fuzzing (clang only): instrument all our code for coverage and with the sanitizers; the fuzz
# targets themselves add -fsanitize=fuzzer (fuzz/CMakeLists.txt).
if(ENABLE_FUZZING)
  target_compile_options(standard_settings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(standard_settings INTERFACE -fsanitize=address,undefined)
endif()
