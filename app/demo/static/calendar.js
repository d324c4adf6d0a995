// The demo OA's popup calendar: a readonly date field is filled by clicking a day.
function openCal(inputId, btn){
  var cal=document.getElementById('calendar'); var rect=btn.getBoundingClientRect();
  cal.style.left=(rect.left)+'px'; cal.style.top=(rect.bottom+window.scrollY)+'px';
  cal.dataset.target=inputId; cal.style.display='block';
  var now=new Date(); var y=now.getFullYear(), m=now.getMonth();
  cal.dataset.y=y; cal.dataset.m=m; drawCal();
}
function drawCal(){
  var cal=document.getElementById('calendar'); var y=+cal.dataset.y, m=+cal.dataset.m;
  var days=new Date(y,m+1,0).getDate(); var h='<div><a href="#" onclick="moveCal(-1);return false">&lt;</a> '
    +y+'年'+(m+1)+'月 <a href="#" onclick="moveCal(1);return false">&gt;</a></div><table><tr>';
  for(var d=1; d<=days; d++){ h+='<td class="day" onclick="pick('+d+')">'+d+'</td>'; if(d%7==0) h+='</tr><tr>'; }
  cal.innerHTML=h+'</tr></table>';
}
function moveCal(k){var cal=document.getElementById('calendar'); var m=+cal.dataset.m+k, y=+cal.dataset.y;
  if(m<0){m=11;y--;} if(m>11){m=0;y++;} cal.dataset.m=m; cal.dataset.y=y; drawCal();}
function pick(d){var cal=document.getElementById('calendar');
  var v=cal.dataset.y+'-'+String(+cal.dataset.m+1).padStart(2,'0')+'-'+String(d).padStart(2,'0');
  var el=document.getElementById(cal.dataset.target); el.value=v;
  el.dispatchEvent(new Event('change',{bubbles:true})); cal.style.display='none';}
