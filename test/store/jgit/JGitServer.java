// A smart-HTTP git server built on JGit (the implementation behind Gerrit), for checking gfa's git
// client against a second server implementation: `java JGitServer.java ROOT` serves the bare
// repositories under ROOT at http://127.0.0.1:<port>/<name>.git and prints the port. Protocol v2
// for fetch (Git-Protocol: version=2), receive-pack with report-status. Not part of `npm test`:
// run test/store/jgit/check.ts (see its header).
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Collections;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

public class JGitServer {
  public static void main(String[] args) throws Exception {
    File root = new File(args[0]);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      try {
        handle(root, ex);
      } catch (Exception e) {
        e.printStackTrace();
        byte[] msg = String.valueOf(e).getBytes();
        ex.sendResponseHeaders(500, msg.length);
        ex.getResponseBody().write(msg);
      } finally {
        ex.close();
      }
    });
    server.start();
    System.out.println(server.getAddress().getPort());
    System.out.flush();
  }

  /** The whole request body, read (not skipped: the JDK's fixed-length stream must be drained). */
  static byte[] body(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
    return out.toByteArray();
  }

  static void handle(File root, HttpExchange ex) throws Exception {
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getQuery();
    int git = path.indexOf(".git/");
    if (git < 0) { ex.sendResponseHeaders(404, -1); return; }
    File dir = new File(root, path.substring(1, git + 4));
    String rest = path.substring(git + 5);
    String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
    boolean v2 = protocol != null && protocol.contains("version=2");
    byte[] in = body(ex.getRequestBody());
    try (Repository repo = new FileRepositoryBuilder().setGitDir(dir).setMustExist(true).build()) {
      if (rest.equals("info/refs")) {
        String service = query == null ? "" : query.replace("service=", "");
        ex.getResponseHeaders().set("Content-Type", "application/x-" + service + "-advertisement");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        PacketLineOut pck = new PacketLineOut(out);
        if (service.equals("git-upload-pack")) {
          UploadPack up = new UploadPack(repo);
          if (v2) up.setExtraParameters(Collections.singleton("version=2"));
          up.setBiDirectionalPipe(false);
          up.sendAdvertisedRefs(new PacketLineOutRefAdvertiser(pck), "git-upload-pack");
        } else {
          pck.writeString("# service=git-receive-pack\n");
          pck.end();
          ReceivePack rp = new ReceivePack(repo);
          rp.setBiDirectionalPipe(false);
          rp.sendAdvertisedRefs(new PacketLineOutRefAdvertiser(pck));
        }
        out.flush();
      } else if (rest.equals("git-upload-pack")) {
        ex.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
        ex.sendResponseHeaders(200, 0);
        UploadPack up = new UploadPack(repo);
        if (v2) up.setExtraParameters(Collections.singleton("version=2"));
        up.setBiDirectionalPipe(false);
        up.upload(new java.io.ByteArrayInputStream(in), ex.getResponseBody(), null);
      } else if (rest.equals("git-receive-pack")) {
        ex.getResponseHeaders().set("Content-Type", "application/x-git-receive-pack-result");
        ex.sendResponseHeaders(200, 0);
        ReceivePack rp = new ReceivePack(repo);
        rp.setBiDirectionalPipe(false);
        rp.receive(new java.io.ByteArrayInputStream(in), ex.getResponseBody(), null);
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    }
  }
}
