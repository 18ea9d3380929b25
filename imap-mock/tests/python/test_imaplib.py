"""imaplib against the imap-mock binary: run by tests/python.rs with the port as argv[1]."""
import imaplib
import sys

port = int(sys.argv[1])
client = imaplib.IMAP4("127.0.0.1", port)
typ, data = client.login("alice", "alicepass")
assert typ == "OK", (typ, data)
typ, data = client.select("INBOX")
assert typ == "OK" and data == [b"2"], (typ, data)
typ, data = client.fetch("1", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
assert typ == "OK", (typ, data)
assert data[0][1] == b"Subject: Hello\r\n\r\n", data
assert b"\\Seen" in data[0][0], data
typ, data = client.logout()
assert typ == "BYE", (typ, data)
print("imaplib: all good")
