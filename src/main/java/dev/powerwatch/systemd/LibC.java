package dev.powerwatch.systemd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/** The few libc calls that send a Unix datagram, which the JDK cannot do. */
interface LibC extends Library {
  // Linux's values on x86_64, aarch64 and arm (MIPS, SPARC and Alpha differ; powerwatch does not run there).
  int AF_UNIX = 1;
  int SOCK_DGRAM = 2;
  int SOCK_CLOEXEC = 0x80000;
  int MSG_NOSIGNAL = 0x4000;

  // Loaded on first use, so a process without NOTIFY_SOCKET never touches JNA.
  LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

  int socket(int domain, int type, int protocol);

  /** ssize_t and size_t are as wide as a C long on every Linux. */
  NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength);

  int close(int fd);

  String strerror(int errno);
}
