// Prints a bcrypt hash for the users file: npx tsx scripts/hash-password.ts  (reads the password
// from stdin so it never lands in shell history).
import bcrypt from 'bcryptjs';

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const password = input.replace(/\r?\n$/, '');
  if (password.length < 12) {
    console.error('use at least 12 characters');
    process.exit(1);
  }
  console.log(bcrypt.hashSync(password, 12));
});
